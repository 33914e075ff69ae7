import { ConfigError, type Config } from "../../lib/config";

/** Scripts print a configuration problem plainly and stop, without a stack trace. */
export function exitOnConfigError(load: () => Config): Config {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
