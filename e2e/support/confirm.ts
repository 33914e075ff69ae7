import { expect, type Page } from "@playwright/test";

/** The open confirmation dialog (components/ui/confirm-dialog). */
export const confirmDialog = (page: Page) => page.getByRole("alertdialog");

/** Confirms the open dialog: types `type` when it asks for it, then presses `label`. */
export async function confirmIn(page: Page, label: string, type?: string) {
  const dialog = confirmDialog(page);
  await expect(dialog).toBeVisible();
  if (type !== undefined) {
    await expect(dialog.getByRole("button", { name: label })).toBeDisabled();
    await dialog.getByLabel(/Type .* to confirm/).fill(type);
  }
  await dialog.getByRole("button", { name: label }).click();
  await expect(dialog).toBeHidden();
}

/** Dismisses the open dialog with Cancel; nothing is submitted. */
export async function cancelIn(page: Page) {
  const dialog = confirmDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
}
