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
