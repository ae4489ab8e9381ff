import { exactDuration } from "../../emit/duration.js";
import { markdownHeader, shellHeader } from "../../emit/header.js";
import { shellInt, shq, shqPairs } from "../../emit/shell-quote.js";
import { fragment, render, type Fragment } from "../../emit/template.js";
import type { OpsContext } from "../context.js";
import { textfileDirSlot, textfileDirText } from "../metrics/slots.js";
import checkTmpl from "../../../templates/bash/k3s-cert-rotate-check.sh.tmpl";
import mainTmpl from "../../../templates/bash/k3s-cert-rotate-main.sh.tmpl";
import stepsTmpl from "../../../templates/bash/k3s-cert-rotate-steps.sh.tmpl";
import headTmpl from "../../../templates/bash/k3s-cert-rotate.sh.tmpl";
import runbookTmpl from "../../../templates/docs/k3s-cert-rotation-runbook.md.tmpl";
import { K3S, K3S_CAS, K3S_REQUIRED_LEAVES, K3S_SQLITE_FILES } from "./k3s-layout.js";
import { SCRIPT_NAME, lockFile } from "./layout.js";

const USAGE = `${SCRIPT_NAME} [--dry-run] [--from STEP] check|backup|rotate|kubeconfig|verify|all`;

/** k3s's kube-apiserver listens on 127.0.0.1, on the port after the k3s listener's (--https-listen-port). */
export function kubeApiserverPort(listenerPort: number): number {
  return listenerPort + 1;
}

/** k8s-cert-rotate.sh for a k3s server: the same path and commands, k3s's layout and tools. */
export function generateK3sCertRotateScript(ctx: OpsContext): string {
  const c = ctx.config.certs;
  const head = render(
    headTmpl,
    {
      header: fragment(shellHeader(ctx.header, USAGE)),
      warn_days: shellInt(c.warn_days),
      backup_max_age: shellInt(c.backup_max_age),
      restart_timeout: shellInt(c.restart_timeout),
      apiserver_port: shellInt(c.apiserver_port),
      kube_apiserver_port: shellInt(kubeApiserverPort(c.apiserver_port)),
      service: shq(K3S.service),
      tls_dir: shq(K3S.tlsDir),
      db_dir: shq(K3S.dbDir),
      agent_dir: shq(K3S.agentDir),
      token_file: shq(K3S.token),
      k3s_kubeconfig: shq(K3S.kubeconfig),
      k3s_config_dir: shq(K3S.configDir),
      backup_dir: shq(c.backup_dir),
      kubeconfig: shq(c.kubeconfig),
      lock_file: shq(lockFile(ctx.config.install.run_dir)),
      textfile_dir_text: textfileDirText(ctx.config),
      textfile_dir: textfileDirSlot(ctx.config, "ROOT"),
      ca_certs: fragment(shqPairs(K3S_CAS)),
      required_leaves: fragment(shqPairs(K3S_REQUIRED_LEAVES)),
      sqlite_files: fragment(K3S_SQLITE_FILES.map((f) => shq(f)).join(" ")),
    },
    "k3s-cert-rotate.sh.tmpl",
  );
  return [
    head,
    render(checkTmpl, {}, "k3s-cert-rotate-check.sh.tmpl"),
    render(stepsTmpl, {}, "k3s-cert-rotate-steps.sh.tmpl"),
    render(mainTmpl, {}, "k3s-cert-rotate-main.sh.tmpl"),
  ].join("");
}

/** cert-rotation-runbook.md for k3s: the script's steps in prose, with this configuration's commands. */
export function renderK3sRunbook(ctx: OpsContext): string {
  const c = ctx.config.certs;
  const f = (s: string | number): Fragment => fragment(String(s));
  const rel = (p: string) => f(p.replace(/^\//, ""));
  return render(
    runbookTmpl,
    {
      header: f(markdownHeader(ctx.header)),
      script: f(SCRIPT_NAME),
      tls_dir: f(K3S.tlsDir),
      agent_dir: f(K3S.agentDir),
      db_dir: f(K3S.dbDir),
      token_file: f(K3S.token),
      k3s_kubeconfig: f(K3S.kubeconfig),
      tls_rel: rel(K3S.tlsDir),
      token_rel: rel(K3S.token),
      config_rel: rel(K3S.configDir),
      service: f(K3S.service),
      backup_dir: f(c.backup_dir),
      backup_max_age: f(exactDuration(c.backup_max_age)),
      restart_timeout: f(c.restart_timeout),
      warn_days: f(c.warn_days),
      apiserver_port: f(c.apiserver_port),
      kube_apiserver_port: f(kubeApiserverPort(c.apiserver_port)),
      kubeconfig: f(c.kubeconfig),
      lock_file: f(lockFile(ctx.config.install.run_dir)),
    },
    "k3s-cert-rotation-runbook.md.tmpl",
  );
}
