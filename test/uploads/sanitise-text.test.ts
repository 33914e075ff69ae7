import { describe, expect, it } from "vitest";
import { sanitisePlainField, sanitiseText } from "@/lib/uploads/sanitise-text";

/** OWASP XSS filter-evasion cheat sheet style payloads, plus encodings and broken markup. */
const XSS_PAYLOADS = [
  `<script>alert('XSS')</script>`,
  `<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>`,
  `<ScRiPt>alert(1)</sCrIpT>`,
  `<scr<script>ipt>alert(1)</scr</script>ipt>`,
  `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`,
  `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`,
  `<img src=x onerror=alert(1)>`,
  `<img src=x onerror=alert(1)`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<a href="javascript:alert(1)">click</a>`,
  `<a href=" &#14;  javascript:alert(1)">click</a>`,
  `<svg onload=alert(1)>`,
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<BODY ONLOAD=alert('XSS')>`,
  `<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^\`=alert("XSS")>`,
  `<iframe src="javascript:alert(1)"></iframe>`,
  `<iframe srcdoc="<script>alert(1)</script>">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<details open ontoggle=alert(1)>`,
  `<input autofocus onfocus=alert(1)>`,
  `<object data="javascript:alert(1)">`,
  `<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">`,
  `<div style="background:url(javascript:alert(1))">x</div>`,
  `<!--<img src="--><img src=x onerror=alert(1)//">`,
  `<![CDATA[<script>alert(1)</script>]]>`,
  `&lt;script&gt;alert(1)&lt;/script&gt;`,
  `&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;`,
  `&#60;script&#62;alert(1)&#60;/script&#62;`,
  `&lt;img src=x onerror=alert(1)&gt;`,
  `javascript:alert(1)`,
  `java\tscript:alert(1)`,
  `JaVaScRiPt : alert(1)`,
  `vbscript:msgbox(1)`,
  `<a href="data:text/html,<script>alert(1)</script>">x</a>`,
  `"><script>alert(1)</script>`,
  `'><img src=x onerror=alert(1)>`,
  `<style>@import 'javascript:alert(1)';</style>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<xmp><script>alert(1)</script></xmp>`,
  `<textarea><script>alert(1)</script></textarea>`,
  `<template><script>alert(1)</script></template>`,
  `<form><button formaction=javascript:alert(1)>x</button></form>`,
];

// A tag opens only with a letter, "!", "/" or "?" right after "<" ("x < y" is text).
const DANGEROUS = [/<\s*script/i, /\bon\w+\s*=/i, /javascript\s*:/i, /vbscript\s*:/i, /<[a-z!/?]/i];

describe("sanitiseText", () => {
  it.each(XSS_PAYLOADS)("leaves no tag, handler or script URL in %s", (payload) => {
    for (const wrap of [(p: string) => p, (p: string) => `Before ${p} after`]) {
      const output = sanitiseText(wrap(payload));
      for (const pattern of DANGEROUS) expect(output, `${payload} → ${output}`).not.toMatch(pattern);
      const field = sanitisePlainField(wrap(payload));
      for (const pattern of DANGEROUS) expect(field, `${payload} → ${field}`).not.toMatch(pattern);
    }
  });

  it("markup encoded more times than the passes undo still leaves no tag", () => {
    let encoded = "<script>alert(1)</script>";
    for (let i = 0; i < 8; i++) encoded = encoded.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    expect(sanitiseText(encoded)).not.toMatch(/<[a-z!/?]/i);
  });

  // Unchunked, 2 MB of unclosed "<b>" would take htmlparser2 minutes (n² in open tags).
  it.each(["<b>", "&amp;"])("2 MB of %s is sanitised in linear time (under 10 s)", (unit) => {
    const started = performance.now();
    sanitiseText(unit.repeat(Math.floor((2 * 1024 * 1024) / unit.length)));
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("markup longer than a sanitising chunk leaves no tag", () => {
    for (const payload of [`<script>${"a<b ".repeat(5000)}alert(1)</script>`, `<img ${"x".repeat(20_000)} onerror=alert(1)>`, `${"&lt;".repeat(3000)}script&gt;alert(1)`]) {
      const output = sanitiseText(payload);
      for (const pattern of DANGEROUS) expect(output).not.toMatch(pattern);
    }
  });

  it("keeps ordinary text readable: entities decoded, line breaks and tabs kept", () => {
    expect(sanitiseText("Tom &amp; Jerry <b>rule</b>\n\tx < y, 5 > 3\r\nnext")).toBe("Tom & Jerry rule\n\tx < y, 5 > 3\nnext");
    expect(sanitiseText("Prices in £ and € — naïve café")).toBe("Prices in £ and € — naïve café");
  });

  it("keeps Markdown autolinks as URLs", () => {
    expect(sanitiseText("See <https://example.com/help?a=1> or <mailto:help@example.com>.")).toBe("See https://example.com/help?a=1 or mailto:help@example.com.");
  });

  it("removes control characters, bidi overrides and Unicode tag characters (ASCII smuggling)", () => {
    expect(sanitiseText("a\u0000b\u0007c\u202Ed\u2066e\u{E0049}\u{E0067}f")).toBe("abcdef");
  });

  it("keeps the joiners and marks that scripts need", () => {
    expect(sanitiseText("मि\u200Dत्र \u200Fשלום")).toBe("मि\u200Dत्र \u200Fשלום");
  });
});

describe("sanitisePlainField", () => {
  it("one line, whitespace collapsed, trimmed", () => {
    expect(sanitisePlainField("  Hello,\n\n  thanks for\tcalling <i>Acme</i>!  ")).toBe("Hello, thanks for calling Acme!");
  });

  it("cuts to maxLength code points after cleaning", () => {
    expect(sanitisePlainField("<b>😀😀😀</b>", { maxLength: 2 })).toBe("😀😀");
  });

  it("anything but a string becomes an empty string", () => {
    expect(sanitisePlainField(undefined)).toBe("");
    expect(sanitisePlainField({ toString: () => "<script>" })).toBe("");
  });
});
