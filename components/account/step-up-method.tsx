"use client";

import { createContext, useContext } from "react";

/**
 * How this user confirms sudo mode (SPEC §1): the password, or — with a second factor — the
 * factor. Set by the layouts that know the user; every step-up prompt under them reads it.
 */
export type StepUpMethod = "password" | "second_factor";

const StepUpMethodContext = createContext<StepUpMethod>("password");

export function StepUpMethodProvider({ method, children }: { method: StepUpMethod; children: React.ReactNode }) {
  return <StepUpMethodContext.Provider value={method}>{children}</StepUpMethodContext.Provider>;
}

export const useStepUpMethod = () => useContext(StepUpMethodContext);

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
