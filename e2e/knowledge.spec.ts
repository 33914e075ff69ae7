import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { confirmInlineSudo } from "./support/auth";
import { guardPage } from "./support/page-guard";
import { pageReady } from "./support/ready";
import { confirmIn } from "./support/confirm";
import { MAIN_URL } from "./support/servers";
import { EXECUTABLE_HEADERS, makeDocx, makePdf } from "../test/uploads/support/files";
import { expect, test } from "./support/session";

let server: Server;
let fileBase: string;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/faq.md") return void res.writeHead(200, { "content-type": "text/markdown" }).end("# FAQ\n\nWe open at <b>nine</b>.");
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fileBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => server.close());

test("an owner uploads, imports and downloads documents; refusals are explained; the page stays clean", async ({ page, context, signIn }) => {
  await signIn("owner@demo.test");
  const guard = await guardPage(page);
  await page.goto("/demo/knowledge");
  await pageReady(page, "Knowledge base");

  const name = `opening-hours-${Date.now().toString(36)}.txt`;
  const upload = page.getByTestId("upload-form");
  await upload.getByLabel("File").setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from("We are open from nine to five.") });
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload.getByText(`Added “${name}”`)).toBeVisible();
  const row = page.getByTestId("document-row").filter({ hasText: name });
  await expect(row).toBeVisible();

  // A PDF and a Word document: parsed in the server's bounded extraction worker.
  for (const file of [
    { name: `policy-${Date.now().toString(36)}.pdf`, mimeType: "application/pdf", buffer: makePdf(["Refunds within 30 days"]) },
    { name: `guide-${Date.now().toString(36)}.docx`, mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: await makeDocx(["Escalate to a supervisor"]) },
  ]) {
    await upload.getByLabel("File").setInputFiles(file);
    await upload.getByRole("button", { name: "Upload" }).click();
    await expect(upload.getByText(`Added “${file.name}”`)).toBeVisible();
  }

  // A program renamed .pdf, and a text file carrying a script: both refused, with the reason.
  await upload.getByLabel("File").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: EXECUTABLE_HEADERS["Windows PE"] });
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload.getByRole("alert")).toContainText(/program/);
  await upload.getByLabel("File").setInputFiles({ name: "xss.md", mimeType: "text/markdown", buffer: Buffer.from('<img src=x onerror="alert(1)"><script>alert(2)</script>') });
  await upload.getByRole("button", { name: "Upload" }).click();
  await expect(upload.getByText(/scripts/)).toBeVisible();

  const imported = page.getByTestId("import-form");
  await imported.getByLabel("File URL").fill(`${fileBase}/faq.md`);
  await imported.getByRole("button", { name: "Import" }).click();
  await expect(imported.getByText("Imported “faq.md”")).toBeVisible();
  await imported.getByLabel("File URL").fill("http://169.254.169.254/latest/meta-data/");
  await imported.getByRole("button", { name: "Import" }).click();
  await expect(imported.getByText(/cannot be imported/)).toBeVisible();

  // Download: a stable link that redirects to a 60-second signed URL.
  const link = row.getByTestId("download-link");
  const response = await context.request.get((await link.getAttribute("href"))!, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  const location = response.headers().location;
  expect(location).toMatch(/^\/api\/knowledge\/documents\/[0-9a-f-]{36}\?w=.+&exp=\d+&sig=/);
  const file = await context.request.get(location!);
  expect(file.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(await file.text()).toBe("We are open from nine to five.");

  await page.screenshot({ path: "test-results/screens/knowledge.png", fullPage: true });
  await row.getByRole("button", { name: "Delete" }).click();
  await confirmIn(page, "Delete document");
  await confirmInlineSudo(row);
  await row.getByRole("button", { name: "Delete" }).click();
  await confirmIn(page, "Delete document");
  await expect(row).toHaveCount(0);
  guard.assertClean([/status of 4\d\d/]);
});

test("an agent cannot reach the knowledge base or upload to it", async ({ context, signIn }) => {
  await signIn("agent@demo.test");
  expect((await context.request.get("/demo/knowledge")).status()).toBe(403);
  const refused = await context.request.post("/demo/knowledge/upload", {
    multipart: { file: { name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("hi") } },
    headers: { origin: MAIN_URL },
  });
  expect(refused.status()).toBe(403);
});
