import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchboard", template: "%s · Switchboard" },
  description: "The secure control plane for voice-AI and communications platforms.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#3b55e6" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: each response carries its own CSP nonce, which Next
  // applies to its scripts. A prerendered page would carry none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {/* Every page has a <main id="main">; keyboard users jump past the header and navigation. */}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
