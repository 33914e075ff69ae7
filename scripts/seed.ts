import { config } from "../lib/config";
import { disconnectDb } from "../lib/db/client";
import { prepareDatabase } from "../lib/db/prepare";
import { seedDemo } from "../lib/seed/demo";
import { exitOnConfigError } from "./lib/exit-on-config-error";

// `npm run seed`: migrate, then seed the demo workspace (always, whatever the mode).
exitOnConfigError(config);
try {
  await prepareDatabase();
  const { created } = await seedDemo();
  console.log(created ? "Seeded the demo workspace." : "The demo workspace already exists.");
} finally {
  await disconnectDb();
}
