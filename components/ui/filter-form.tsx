"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useTransition, type ReactNode } from "react";

/** Choices apply the moment they are made; typed fields apply on Enter or with Apply. */
function appliesOnChange(el: EventTarget | null): boolean {
  return el instanceof HTMLSelectElement || (el instanceof HTMLInputElement && ["date", "checkbox", "radio"].includes(el.type));
}

function queryOf(form: HTMLFormElement): string {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === "string" && value !== "") params.append(name, value);
  return params.toString();
}

const sorted = (query: string) => [...new URLSearchParams(query)].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join("&");

/**
 * A dashboard filter bar (issue 18 item 5): a plain GET form — filters are URLs and work
 * without JavaScript — whose selects and dates apply as they are chosen, by a soft navigation
 * that keeps the form mounted, so choices made while one is loading are kept and sent with
 * the next. When the URL changes by other means (a chip removed, Clear, the browser's Back),
 * the fields take the URL's values — except on the first render: a choice made before the
 * page hydrated is applied then, not undone.
 */
export function FilterForm({ action, label, className, children }: { action: string; label: string; className: string; children: ReactNode }) {
  const router = useRouter();
  const search = useSearchParams();
  const form = useRef<HTMLFormElement>(null);
  // This form's navigations not yet arrived, oldest first; and the URL last seen.
  const ours = useRef<string[]>([]);
  const seen = useRef(sorted(search.toString()));
  const [pending, startTransition] = useTransition();

  const apply = (el: HTMLFormElement) => {
    const query = queryOf(el);
    ours.current.push(sorted(query));
    startTransition(() => router.replace(query ? `${action}?${query}` : action, { scroll: false }));
  };

  useEffect(() => {
    const el = form.current;
    if (!el) return;
    const chosenEarly = Array.from(el.elements).some(
      (f) => (f instanceof HTMLSelectElement || (f instanceof HTMLInputElement && f.type === "date")) && f.name !== "" && f.value !== (search.get(f.name) ?? ""),
    );
    if (chosenEarly) apply(el);
    // Once, at hydration: later changes arrive through onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const el = form.current;
    const current = sorted(search.toString());
    if (!el || current === seen.current) return;
    seen.current = current;
    const mine = ours.current.indexOf(current);
    if (mine >= 0) {
      // One of ours arrived (any before it were overtaken): the fields already say so.
      ours.current = ours.current.slice(mine + 1);
      return;
    }
    ours.current = [];
    for (const field of Array.from(el.elements)) {
      if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement) || !field.name || field.type === "hidden") continue;
      if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) field.checked = search.getAll(field.name).includes(field.value);
      else field.value = search.get(field.name) ?? "";
    }
  }, [search]);

  return (
    <form
      ref={form}
      method="get"
      action={action}
      className={className}
      aria-label={label}
      aria-busy={pending || undefined}
      onChange={(event) => {
        if (appliesOnChange(event.target)) apply(event.currentTarget);
      }}
    >
      {children}
      <p className="sr-only" aria-live="polite">{pending ? "Applying filters…" : ""}</p>
    </form>
  );
}
