import type { FormState } from "@/lib/forms/form-state";

/** The form-level error, unless a field already shows it (a refused URL: under the URL field). */
export function formLevelError(state: FormState): string | undefined {
  return state.error && !Object.values(state.fieldErrors ?? {}).includes(state.error) ? state.error : undefined;
}
