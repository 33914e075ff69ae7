"use client";

import { createContext, useContext } from "react";

/**
 * How this user confirms sudo mode (SPEC §1): the password, or — with a second factor — the
 * factor. Set by the layouts that know the user; every step-up prompt under them reads it.
 */
export type StepUpMethod = "password" | "second_factor";

const StepUpMethodContext = createContext<{ method: StepUpMethod; passkeys: boolean }>({ method: "password", passkeys: false });

/** `passkeys`: the user has one, so the prompt offers it beside the code. */
export function StepUpMethodProvider({ method, passkeys = false, children }: { method: StepUpMethod; passkeys?: boolean; children: React.ReactNode }) {
  return <StepUpMethodContext.Provider value={{ method, passkeys }}>{children}</StepUpMethodContext.Provider>;
}

export const useStepUpMethod = () => useContext(StepUpMethodContext).method;
export const useStepUpPasskeys = () => useContext(StepUpMethodContext).passkeys;

/** The words of a step-up prompt: the password, or the second factor, for `what`. */
export function StepUpPrompt({ what }: { what: string }) {
  const factor = useStepUpMethod() === "second_factor";
  return (
    <>
      <p className="text-sm font-medium text-amber-900">{factor ? `Confirm it’s you to ${what}.` : `Confirm your password to ${what}.`}</p>
      <p className="mt-1 text-xs text-amber-800">
        Creating keys, rotating secrets, changing roles and permissions, and exporting or deleting data need{" "}
        {factor ? "your authenticator app’s code, a recovery code or a passkey" : "a password entered"} in the last 10 minutes.
      </p>
    </>
  );
}
