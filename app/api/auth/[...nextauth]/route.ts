import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth-options";

type Handler = (req: Request, ctx: unknown) => Promise<Response>;

// next-auth's standard endpoints (csrf, callback/credentials, signout, session).
const handler: Handler = (req, ctx) => (NextAuth(authOptions()) as unknown as Handler)(req, ctx);

export { handler as GET, handler as POST };
