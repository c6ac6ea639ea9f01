// The other computer of the real-app tests: the release `carnet` command
// line on a vault folder of its own, with its own member and passphrase
// (given through the environment, as a script would).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

import { repo } from "./driver";

export const cliBinary = process.env.CARNET_CLI ?? join(repo, "target", "release", "carnet");

export interface Cli {
  vault: string;
  passphrase: string;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `carnet` on the computer's vault; never throws on a failed command. */
export function carnet(c: Cli, ...args: string[]): CliResult {
  const run = spawnSync(cliBinary, ["--vault", c.vault, ...args], {
    env: {
      ...process.env,
      CARNET_PASSPHRASE: c.passphrase,
      CARNET_NEW_PASSPHRASE: c.passphrase,
      LANG: "fr_FR.UTF-8",
    },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout.toString(), stderr: run.stderr.toString() };
}

/** Runs `carnet --json …`, which must succeed, and parses what it prints. */
export function carnetJson<T = unknown>(c: Cli, ...args: string[]): T {
  const run = carnet(c, "--json", ...args);
  if (run.status !== 0) throw new Error(`carnet ${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
