import { createHash } from "node:crypto";

/**
 * The SHA-256 of text (as UTF-8) or bytes, in hex, as `sha256sum` prints it: the lock's file and input
 * hashes, the tree writer's check of a file against the lock, the manifests' script annotations and
 * the pricing report's fingerprint.
 */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
