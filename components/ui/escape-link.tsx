"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * For a panel that is a URL (the call drawer: ?call=…): Escape follows `href`, the panel's
 * close link, and focus starts inside the panel (`focusId`) so the keyboard is where the
 * eyes are.
 */
export function EscapeLink({ href, focusId }: { href: string; focusId?: string }) {
  const router = useRouter();
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) router.push(href, { scroll: false });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [href, focusId, router]);
  return null;
}
