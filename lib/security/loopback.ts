/** True for 127.0.0.0/8 and ::1 (after client-ip.ts normalisation). */
export function isLoopback(ip: string | null | undefined): boolean {
  if (!ip) return false;
  return ip === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}
