import { StepUpForm } from "@/components/account/step-up-form";
import { StepUpPrompt } from "@/components/account/step-up-method";
import { Alert } from "@/components/ui/alert";

/** Sudo-mode state for pages whose changes need a recent password, or second factor (SPEC §1 step-up). */
export function StepUpBanner({ secondsLeft, what }: { secondsLeft: number; what: string }) {
  if (secondsLeft > 0) {
    return <Alert tone="info">Sudo mode is on for {Math.ceil(secondsLeft / 60)} more minute{secondsLeft > 60 ? "s" : ""}: you can {what}.</Alert>;
  }
  return (
    <div className="rounded-xl border border-amber-200 bg-amber-50 p-4">
      <StepUpPrompt what={what} />
      <div className="mt-3">
        <StepUpForm />
      </div>
    </div>
  );
}
