import { config } from "../config";

export function passwordResetEmail(to: string, token: string) {
  const link = `${config().APP_URL}/reset-password?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject: "Reset your Switchboard password",
    text: [
      "Someone (hopefully you) asked to reset the password of your Switchboard account.",
      "",
      `Reset it here within 30 minutes: ${link}`,
      "",
      "The link works once. If you did not ask for it, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}

export function welcomeEmail(to: string, workspaceName: string) {
  return {
    to,
    subject: "Your Switchboard workspace is ready",
    text: `Your workspace "${workspaceName}" is ready. Sign in at ${config().APP_URL}/sign-in`,
  };
}

export function verificationEmail(to: string, workspaceName: string, link: string) {
  return {
    to,
    subject: "Confirm your email to open your Switchboard workspace",
    text: [
      `Someone (hopefully you) signed up for Switchboard with this address and a workspace called "${workspaceName}".`,
      "",
      `Confirm the address within 24 hours to open it: ${link}`,
      "",
      "The link works once. Opened in another browser than the one you signed up in, it asks for the password you chose.",
      "If it was not you, ignore this email: nothing is created until the address is confirmed.",
    ].join("\n"),
  };
}

export function signedOutEverywhereEmail(to: string, reason: string) {
  return {
    to,
    subject: "You were signed out of Switchboard on every device",
    text: [
      "The Switchboard platform team ended every session of your account.",
      "",
      `Reason given: ${reason}`,
      "",
      `Sign in again at ${config().APP_URL}/sign-in. If you did not expect this, reset your password at ${config().APP_URL}/forgot-password.`,
    ].join("\n"),
  };
}

export function existingAccountSignUpEmail(to: string) {
  return {
    to,
    subject: "Someone tried to create a Switchboard account with your email",
    text: [
      "Someone tried to create a new Switchboard account with this email address, which already has one.",
      "",
      `If it was you, sign in at ${config().APP_URL}/sign-in or reset your password at ${config().APP_URL}/forgot-password.`,
      "If it was not you, you can ignore this email.",
    ].join("\n"),
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function workspaceClosedEmail(to: string, workspace: { slug: string; name: string }, deletionDueAt: Date) {
  return {
    to,
    subject: `Workspace "${workspace.name}" was cancelled`,
    text: [
      `The workspace "${workspace.name}" was cancelled. It is now read-only: its API keys no longer work and its webhooks have stopped.`,
      "",
      `On ${day(deletionDueAt)} (UTC) its recordings, transcripts and all its other data will be deleted for good.`,
      `Until then an owner can export its data or reactivate it at ${config().APP_URL}/${workspace.slug}/settings`,
    ].join("\n"),
  };
}

export function workspaceReactivatedEmail(to: string, workspace: { slug: string; name: string }) {
  return {
    to,
    subject: `Workspace "${workspace.name}" was reactivated`,
    text: `The workspace "${workspace.name}" was reactivated: its deletion is cancelled, and its API keys and webhooks work again. ${config().APP_URL}/${workspace.slug}`,
  };
}

export function workspaceSuspendedEmail(to: string, workspace: { slug: string; name: string }, reason: string) {
  return {
    to,
    subject: `Workspace "${workspace.name}" was suspended`,
    text: [
      `The Switchboard platform team suspended the workspace "${workspace.name}". It is read-only until then: its API keys no longer work and its webhooks are paused (deliveries wait; none are lost).`,
      "",
      `Reason: ${reason}`,
      "",
      `Owners can still sign in and export its data at ${config().APP_URL}/${workspace.slug}/settings. Reply to this email to reach the platform team.`,
    ].join("\n"),
  };
}

export function workspaceUnsuspendedEmail(to: string, workspace: { slug: string; name: string }) {
  return {
    to,
    subject: `Workspace "${workspace.name}" is active again`,
    text: `The suspension of "${workspace.name}" was lifted: its API keys work again and paused webhook deliveries go out. ${config().APP_URL}/${workspace.slug}`,
  };
}

export function accountDeletedEmail(to: string, workspaces: string[]) {
  return {
    to,
    subject: "Your Switchboard account was deleted",
    text: [
      "Your Switchboard account was deleted at your request. You can no longer sign in with this address, and every session you had is signed out.",
      workspaces.length > 0 ? `You left: ${workspaces.join(", ")}. API keys you created there were revoked.` : "",
      "If you did not ask for this, reply to this email at once.",
    ]
      .filter(Boolean)
      .join("\n\n"),
  };
}
