import type { Source } from "./effective";

/** Where an effective permission comes from, in words for the permission matrix. */
export function sourceText(source: Source): string {
  switch (source.kind) {
    case "owner":
      return "Owner: always every permission";
    case "role":
      return `From the ${source.role} role`;
    case "group":
      return `From group${source.groupNames.length > 1 ? "s" : ""} ${source.groupNames.join(", ")}`;
    case "user":
      return "Set for this member";
    case "role_limit":
      return `Never for the ${source.role} role, whatever is granted`;
  }
}
