import { Select } from "@/components/ui/select";
import { SIGNATURE_SCHEMES, SIGNATURE_SCHEME_LABELS, type SignatureScheme } from "@/lib/webhooks/scheme-names";

/** The signature scheme picker of the create form and the endpoint's scheme form (decision 049). */
export function SchemeSelect({ defaultValue = "switchboard", error, id }: { defaultValue?: SignatureScheme; error?: string; id?: string }) {
  return (
    <div className="space-y-1">
      <Select
        label="Signature scheme"
        name="signature_scheme"
        // Select spreads its props over the element: an explicit undefined id would unlink the label.
        {...(id ? { id } : {})}
        defaultValue={defaultValue}
        error={error}
        options={SIGNATURE_SCHEMES.map((s) => ({ value: s, label: SIGNATURE_SCHEME_LABELS[s].label }))}
      />
      <ul className="space-y-0.5 text-xs text-slate-600">
        {SIGNATURE_SCHEMES.map((s) => (
          <li key={s}>
            <span className="font-medium">{SIGNATURE_SCHEME_LABELS[s].label}:</span> {SIGNATURE_SCHEME_LABELS[s].hint}
          </li>
        ))}
      </ul>
    </div>
  );
}
