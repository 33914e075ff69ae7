import { RecoveryCodesPanel } from "@/components/account/recovery-codes-panel";
import { TotpSetup } from "@/components/account/totp-setup";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

/**
 * Two-factor authentication on the account page (SPEC §1): status, the authenticator app,
 * passkeys (`passkeys`), recovery codes, and why a workspace sent the user here.
 */
export function TwoFactorCard({
  totp,
  enrolled,
  recoveryCodesLeft,
  requiredBy,
  sentFrom,
  passkeys,
}: {
  totp: boolean;
  enrolled: boolean;
  recoveryCodesLeft: number;
  /** Names of the user's workspaces that require a second factor. */
  requiredBy: string[];
  /** The workspace whose policy sent the user here, if one did. */
  sentFrom?: string;
  passkeys?: React.ReactNode;
}) {
  return (
    <div id="two-factor" className="scroll-mt-20">
      <Card
        title="Two-factor authentication"
        description="A second step after your password — a code from an app or a passkey — so a stolen password is not enough to get in. Sudo mode asks for it too."
      >
        <div className="space-y-5">
          {sentFrom && !enrolled ? (
            <Alert tone="warning">
              <span data-testid="two-factor-required-notice">
                The workspace <strong>{sentFrom}</strong> requires two-factor authentication. Set up an authenticator app or a passkey to continue there.
              </span>
            </Alert>
          ) : null}
          <p className="text-sm text-slate-800" data-testid="two-factor-status">
            {enrolled ? "On." : "Off."}
            {requiredBy.length > 0 ? ` Required by ${requiredBy.join(", ")}.` : ""}
          </p>
          <section aria-labelledby="totp-heading" className="space-y-2">
            <h3 id="totp-heading" className="text-sm font-semibold text-slate-900">
              Authenticator app
            </h3>
            <TotpSetup enabled={totp} />
          </section>
          {passkeys}
          {enrolled ? (
            <section aria-labelledby="recovery-heading" className="space-y-2">
              <h3 id="recovery-heading" className="text-sm font-semibold text-slate-900">
                Recovery codes
              </h3>
              <RecoveryCodesPanel left={recoveryCodesLeft} />
            </section>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
