// Scripts run outside Next's "react-server" environment, where `import "server-only"` would
// throw. They are server code by definition, so resolve it to nothing here.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return next(specifier, context);
}`),
);
