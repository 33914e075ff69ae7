"use client";

import { useActionState } from "react";
import { beginTotpAction, confirmTotpAction, removeTotpAction, type TotpSetupState } from "@/app/account/two-factor-actions";
import { RecoveryCodesList } from "@/components/account/recovery-codes-list";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * The authenticator app: set up (sudo mode) by scanning a QR code drawn on our own server
 * and confirming a first code, or removed. Recovery codes of a first factor are shown here,
 * once.
 */
export function TotpSetup({ enabled }: { enabled: boolean }) {
  const [begun, begin, beginning] = useActionState<TotpSetupState, FormData>(async () => beginTotpAction(), {});
  const [confirmed, confirm, confirming] = useActionState<TotpSetupState, FormData>(confirmTotpAction, {});
  const [removed, remove, removing] = useActionState<TotpSetupState, FormData>(async () => removeTotpAction(), {});

  if (confirmed.ok) {
    return (
      <div className="space-y-3">
        <Alert tone="success">{confirmed.message}</Alert>
        {confirmed.recoveryCodes ? <RecoveryCodesList codes={confirmed.recoveryCodes} /> : null}
      </div>
    );
  }
  if (enabled) {
    return (
      // The sudo prompt sits beside the form, never inside it: a form in a form posts the outer one.
      <div className="space-y-3" data-testid="totp-enabled">
        <p className="text-sm text-slate-800">
          An authenticator app is <strong>set up</strong>. Sign-ins and sudo mode ask for its 6-digit code.
        </p>
        {removed.error ? <Alert tone={removed.stepUpRequired ? "warning" : "error"}>{removed.error}</Alert> : null}
        {removed.stepUpRequired ? <StepUpInline /> : null}
        {removed.ok ? <Alert tone="success">{removed.message}</Alert> : null}
        <form action={remove}>
          <Button type="submit" variant="danger" disabled={removing}>
            Remove authenticator app
          </Button>
        </form>
      </div>
    );
  }
  const enrolment = confirmed.enrolment ?? begun.enrolment;
  if (!enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">Use an app such as 1Password, Google Authenticator or Authy to get a new code every 30 seconds.</p>
        {begun.error ? <Alert tone={begun.stepUpRequired ? "warning" : "error"}>{begun.error}</Alert> : null}
        {begun.stepUpRequired ? <StepUpInline /> : null}
        <form action={begin}>
          <Button type="submit" disabled={beginning}>
            Set up authenticator app
          </Button>
        </form>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <form action={confirm} className="space-y-4" data-testid="totp-enrolment">
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
          <li>Scan this code with your authenticator app.</li>
          <li>Enter the 6-digit code it shows to finish.</li>
        </ol>
        <div className="flex flex-wrap items-start gap-6">
          {/* Drawn by our server from the otpauth:// link (lib/auth/mfa/totp.ts): no third party sees the secret. */}
          <div
            role="img"
            aria-label="QR code for your authenticator app"
            className="h-44 w-44 shrink-0 rounded-md border border-slate-200 bg-white p-1"
            dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
          />
          <div className="min-w-0 flex-1 space-y-1 text-sm">
            <p className="text-slate-600">Can’t scan? Enter this key in the app:</p>
            <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-slate-900" data-testid="totp-secret">
              {enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}
            </code>
          </div>
        </div>
        <input type="hidden" name="enrolment" value={enrolment.sealed} />
        {confirmed.error && !confirmed.fieldErrors?.code ? <Alert tone={confirmed.stepUpRequired ? "warning" : "error"}>{confirmed.error}</Alert> : null}
        <div className="flex max-w-sm flex-wrap items-end gap-3">
          <Field
            className="min-w-0 flex-1"
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            required
            maxLength={8}
            error={confirmed.fieldErrors?.code ? confirmed.error : undefined}
          />
          <Button type="submit" disabled={confirming}>
            Verify and turn on
          </Button>
        </div>
      </form>
      {confirmed.stepUpRequired ? <StepUpInline /> : null}
    </div>
  );
}
