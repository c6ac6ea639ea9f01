// Desktop benchmarks on the release app (not a test: prints measurements).
//
//   cargo build --release -p carnet-bench --bin bench
//   (cd src-tauri && npx @tauri-apps/cli@2.12.5 build --bundles deb)
//   cd tests/app && xvfb-run -a -s "-screen 0 1280x800x24" npm run bench
// (run by vitest for TypeScript, with its own config; not part of the tests)
//
// - cold start: from the app process's start (kernel start time) to an
//   unlock screen that takes input;
// - unlock to a rendered overview, on a profile of 20,000 records, with the
//   same on an empty profile as the baseline measured in this run;
// - memory (PSS) of the app and its WebKit processes with that profile open;
// - size of the .deb package.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { it } from "vitest";

import { type AppSession, close, launch, repo } from "./driver";
import { AppPage } from "./page";

const RUNS = 3;
const PASSPHRASE = "benchmark passphrase";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
const bootTime = Number(/btime (\d+)/.exec(readFileSync("/proc/stat", "utf8"))?.[1]);

/** When a process started, in ms since the epoch (from /proc, 10 ms resolution). */
function startedAt(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (bootTime + Number(fields[19]) / clockTicks) * 1000;
}

function processes(): { pid: number; ppid: number; name: string }[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return [{ pid: Number(d), ppid, name }];
      } catch {
        return [];
      }
    });
}

/** The app's process and every process it started (WebKit's web and network processes). */
function appTree(): { pid: number; name: string }[] {
  const all = processes();
  const root = all.filter((p) => p.name === "carnet-desktop").at(-1);
  if (!root) throw new Error("carnet-desktop is not running");
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i]?.pid));
  return tree;
}

function pssMiB(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) / 1024;
}

async function unlockToOverview(s: AppSession, profile: string): Promise<number> {
  const page = new AppPage(s);
  await page.heading("Ouvrir le carnet");
  await page.fill("Phrase de passe", PASSPHRASE);
  const button = await page.button("Ouvrir");
  const t0 = Date.now();
  await button.click();
  await page.heading(profile);
  // Rendered: the sections are in the page, not only the title.
  await page.heading("Allergies");
  return Date.now() - t0;
}

/** A vault with one profile "Bench" of `records` records, made once by the vault's bench tool. */
function benchVault(records: number): string {
  const vault = join(repo, "target", `bench-vault-${records}`);
  try {
    statSync(join(vault, "vault.json"));
  } catch {
    execFileSync(join(repo, "target", "release", "bench"), ["make-vault", vault, String(records)], { stdio: "inherit" });
  }
  return vault;
}

async function run(): Promise<void> {
  const big = benchVault(20_000);
  const small = benchVault(0);
  const cold: number[] = [];
  const bigTimes: number[] = [];
  const emptyTimes: number[] = [];
  let memory: { name: string; pss: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [vault, times] of [
      [small, emptyTimes],
      [big, bigTimes],
    ] as const) {
      const s = await launch(vault);
      await new AppPage(s).heading("Ouvrir le carnet");
      cold.push(Date.now() - startedAt(appTree()[0]?.pid ?? 0));
      times.push(await unlockToOverview(s, "Bench"));
      if (vault === big && i === RUNS - 1) memory = appTree().map((p) => ({ name: p.name, pss: pssMiB(p.pid) }));
      await close(s, true);
    }
  }
  const deb = readdirSync(join(repo, "target", "release", "bundle", "deb")).find((f) => f.endsWith(".deb"));
  const debMiB = deb ? statSync(join(repo, "target", "release", "bundle", "deb", deb)).size / 2 ** 20 : NaN;
  const total = memory.reduce((a, p) => a + p.pss, 0);
  const main = memory.find((p) => p.name === "carnet-desktop")?.pss ?? NaN;
  const f = (n: number) => n.toFixed(0).padStart(6);
  console.log(`\nCarnet desktop benchmarks (release app, ${RUNS} runs, medians)\n`);
  console.log(`cold start to an interactive unlock screen  ${f(median(cold))} ms   goal <= 1000 ms`);
  console.log(`unlock to rendered overview, 20,000 records ${f(median(bigTimes))} ms   empty profile ${f(median(emptyTimes))} ms   ratio ${(median(bigTimes) / median(emptyTimes)).toFixed(2)}x   goal <= 1000 ms (scrypt alone ~750 ms by design)`);
  console.log(`memory (PSS), 20,000-record profile open    ${f(total)} MiB  goal <= 300 MiB in all`);
  for (const p of memory) console.log(`    ${p.name.padEnd(24)} ${p.pss.toFixed(1).padStart(7)} MiB`);
  console.log(`    main process                          ${main.toFixed(1).padStart(7)} MiB  goal <= 120 MiB`);
  console.log(`release .deb                               ${debMiB.toFixed(1).padStart(6)} MiB  goal <= 15 MiB  (${deb ?? "not built"})`);
}

it("measures the desktop app", run, 600_000);
