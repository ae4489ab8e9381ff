import { shellHeader } from "../../emit/header.js";
import { shellInt, shq, shqPairs } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
import type { OpsContext } from "../context.js";
import { textfileDirSlot, textfileDirText } from "../metrics/slots.js";
import backupTmpl from "../../../templates/bash/k8s-cert-rotate-backup.sh.tmpl";
import checkTmpl from "../../../templates/bash/k8s-cert-rotate-check.sh.tmpl";
import mainTmpl from "../../../templates/bash/k8s-cert-rotate-main.sh.tmpl";
import restartTmpl from "../../../templates/bash/k8s-cert-rotate-restart.sh.tmpl";
import headTmpl from "../../../templates/bash/k8s-cert-rotate.sh.tmpl";
import {
  CONTROL_PLANE,
  HOST,
  KUBECONFIGS,
  OPTIONAL_KUBECONFIGS,
  PKI_CERTS,
  SCRIPT_NAME,
  STACKED_ETCD_CERTS,
  lockFile,
} from "./layout.js";
import { generateK3sCertRotateScript, renderK3sRunbook } from "./k3s.js";
import { renderRunbook } from "./runbook.js";

/** Seconds the health probes before the snapshot may take at most (the snapshot gets the whole timeout). */
const ETCD_PROBE_TIMEOUT_MAX = 30;
const USAGE = `${SCRIPT_NAME} [--dry-run] [--from STEP] check|backup|renew|kubeconfig|restart|verify|all`;

/** k8s-cert-rotate.sh: the settings become readonly constants; the logic lives in the templates. */
export function generateCertRotateScript(ctx: OpsContext): string {
  if (ctx.config.cluster.distribution === "k3s") return generateK3sCertRotateScript(ctx);
  const c = ctx.config.certs;
  const head = render(
    headTmpl,
    {
      header: fragment(shellHeader(ctx.header, USAGE)),
      warn_days: shellInt(c.warn_days),
      backup_max_age: shellInt(c.backup_max_age),
      etcd_command_timeout: shellInt(c.etcd_command_timeout),
      etcd_probe_timeout: shellInt(Math.min(ETCD_PROBE_TIMEOUT_MAX, c.etcd_command_timeout)),
      restart_timeout: shellInt(c.restart_timeout),
      restart_method: shq(c.restart_method),
      etcd_mode: shq(c.etcd),
      etcd_snapshot_command: fragment(c.etcd_snapshot_command.map((w) => shq(w)).join(" ")),
      keep_backups: shellInt(c.keep_backups),
      readyz_client: shq(c.readyz_client),
      readyz_client_text: fragment(`${c.pki_dir}/${c.readyz_client}.crt`),
      apiserver_port: shellInt(c.apiserver_port),
      kube_dir: shq(HOST.kubeDir),
      pki_dir: shq(c.pki_dir),
      manifest_dir: shq(HOST.manifestDir),
      kubeadm_config: shq(HOST.kubeadmConfig),
      etcd_env_file: shq(HOST.etcdEnv),
      etcd_ssl_dir: shq(HOST.etcdSslDir),
      backup_dir: shq(c.backup_dir),
      kubeconfig: shq(c.kubeconfig),
      lock_file: shq(lockFile(ctx.config.install.run_dir)),
      textfile_dir_text: textfileDirText(ctx.config),
      textfile_dir: textfileDirSlot(ctx.config, "ROOT"),
      pki_certs: fragment(shqPairs(PKI_CERTS)),
      stacked_etcd_certs: fragment(shqPairs(STACKED_ETCD_CERTS)),
      kubeconfigs: fragment(shqPairs(KUBECONFIGS.map((k) => [k, k] as const))),
      optional_kubeconfigs: fragment(shqPairs(OPTIONAL_KUBECONFIGS.map((k) => [k, k] as const))),
      control_plane: fragment(CONTROL_PLANE.map((n) => shq(n)).join(" ")),
    },
    "k8s-cert-rotate.sh.tmpl",
  );
  const parts = [
    head,
    render(checkTmpl, {}, "k8s-cert-rotate-check.sh.tmpl"),
    render(backupTmpl, {}, "k8s-cert-rotate-backup.sh.tmpl"),
    render(restartTmpl, {}, "k8s-cert-rotate-restart.sh.tmpl"),
    render(mainTmpl, {}, "k8s-cert-rotate-main.sh.tmpl"),
  ];
  return parts.join("");
}

/** The script and its runbook, written to bin/k8s-cert-rotate.sh and docs/cert-rotation-runbook.md. */
export function generateCertRotate(ctx: OpsContext): { script: string; runbook: string } {
  const runbook = ctx.config.cluster.distribution === "k3s" ? renderK3sRunbook(ctx) : renderRunbook(ctx);
  return { script: generateCertRotateScript(ctx), runbook };
}
