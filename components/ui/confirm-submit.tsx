"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";

/**
 * A submit button for a destructive form that asks first: it opens a ConfirmDialog and
 * submits its own form only when the user confirms. Drop it into any <form> in place of the
 * submit button; the form's action and hidden fields stay as they are.
 */
export function ConfirmSubmit({
  label,
  confirm,
  variant = "danger",
  disabled,
  className,
}: {
  label: string;
  confirm: Confirmation;
  variant?: "primary" | "secondary" | "danger" | "ghost";
  disabled?: boolean;
  className?: string;
}) {
  const button = useRef<HTMLButtonElement>(null);
  return (
    <ConfirmDialog
      {...confirm}
      onConfirm={() => button.current?.form?.requestSubmit()}
      trigger={
        <Button ref={button} type="button" variant={variant} disabled={disabled} className={className}>
          {label}
        </Button>
      }
    />
  );
}
