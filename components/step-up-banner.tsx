import { StepUpForm } from "@/components/account/step-up-form";
import { Alert } from "@/components/ui/alert";

/** Sudo-mode state for pages whose changes need a recent password (SPEC §1 step-up). */
export function StepUpBanner({ secondsLeft, what }: { secondsLeft: number; what: string }) {
  if (secondsLeft > 0) {
    return <Alert tone="info">Sudo mode is on for {Math.ceil(secondsLeft / 60)} more minute{secondsLeft > 60 ? "s" : ""}: you can {what}.</Alert>;
  }
  return (
    <div className="rounded-xl border border-amber-200 bg-amber-50 p-4">
      <p className="text-sm font-medium text-amber-900">Confirm your password to {what}.</p>
      <p className="mt-1 text-xs text-amber-800">Creating keys, rotating secrets, changing roles and permissions, and exporting or deleting data need a password entered in the last 10 minutes.</p>
      <div className="mt-3">
        <StepUpForm />
      </div>
    </div>
  );
}
