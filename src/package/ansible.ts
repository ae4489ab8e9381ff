import { hashHeader } from "../emit/header.js";
import { fragment, render } from "../emit/template.js";
import type { OpsContext } from "../ops/context.js";
import { jobsOf } from "./jobs.js";
import { jobsOfRole, MANIFEST_PATH, MANIFEST_TITLE, NODE_ROLES } from "./roles.js";
import defaultsTmpl from "../../templates/ansible/role-defaults.yml.tmpl";
import handlersTmpl from "../../templates/ansible/role-handlers.yml.tmpl";
import inventoryTmpl from "../../templates/ansible/inventory.example.yml.tmpl";
import rotateTmpl from "../../templates/ansible/rotate-certs.yml.tmpl";
import siteTmpl from "../../templates/ansible/site.yml.tmpl";
import tasksTmpl from "../../templates/ansible/role-tasks.yml.tmpl";
import varsTmpl from "../../templates/ansible/role-vars.yml.tmpl";

/**
 * A YAML scalar that Ansible will not template: JSON's double-quoted form is valid YAML, and every
 * value put here (job names, absPath()-checked paths, fixed text) is free of `{`, so Jinja
 * finds nothing to expand. Anything else is an internal error.
 */
function yamlText(value: string): string {
  if (/[{}\n]/.test(value)) throw new Error(`internal: ansible value needs escaping: ${value}`);
  return JSON.stringify(value);
}

const ROLE = "ansible/roles/akops";

/**
 * ansible/: site.yml and the akops role (installs what install.sh installs, per kubespray group),
 * rotate-certs.yml (rolling certificate rotation, one control-plane node at a time) and an example
 * inventory. The role copies the tree's own bin/, cron.d/ and systemd/ files (by path, relative to
 * the playbook), so what Ansible installs is byte for byte what install.sh installs and the lock
 * hashes; only data (directories, jobs, roles) is generated into its vars.
 */
export function generateAnsible(ctx: OpsContext): Map<string, string> {
  const { install } = ctx.config;
  const jobs = jobsOf(ctx.config);
  const header = fragment(hashHeader(ctx.header));
  const scriptOf = (script: string) => script.slice(script.lastIndexOf("/") + 1);
  const list = (items: readonly string[], indent: string) => items.map((i) => `${indent}- ${yamlText(i)}\n`).join("");

  const out = new Map<string, string>();
  out.set("ansible/site.yml", render(siteTmpl, { header }, "ansible/site.yml.tmpl"));
  out.set(
    "ansible/rotate-certs.yml",
    render(
      rotateTmpl,
      {
        header,
        cert_rotate: fragment(
          yamlText(`${install.bin_dir}/${scriptOf(jobs.find((j) => j.name === "k8s-certs-check")!.script)}`),
        ),
      },
      "ansible/rotate-certs.yml.tmpl",
    ),
  );
  out.set("ansible/inventory.example.yml", render(inventoryTmpl, { header }, "ansible/inventory.example.yml.tmpl"));
  out.set(
    `${ROLE}/defaults/main.yml`,
    render(
      defaultsTmpl,
      {
        header,
        jobs: fragment(
          list(
            jobs.map((j) => j.name),
            "  ",
          ),
        ),
      },
      "ansible/role-defaults.yml.tmpl",
    ),
  );
  out.set(
    `${ROLE}/vars/main.yml`,
    render(
      varsTmpl,
      {
        header,
        bin_dir: fragment(yamlText(install.bin_dir)),
        cron_dir: fragment(yamlText(install.cron_dir)),
        systemd_dir: fragment(yamlText(install.systemd_dir)),
        manifest: fragment(yamlText(MANIFEST_PATH)),
        job_scripts: fragment(jobs.map((j) => `  ${yamlText(j.name)}: ${yamlText(scriptOf(j.script))}\n`).join("")),
        role_jobs: fragment(
          NODE_ROLES.map(
            (r) =>
              `  ${yamlText(r)}:\n${list(
                jobsOfRole(jobs, r).map((j) => j.name),
                "    ",
              )}`,
          ).join(""),
        ),
      },
      "ansible/role-vars.yml.tmpl",
    ),
  );
  out.set(
    `${ROLE}/tasks/main.yml`,
    render(tasksTmpl, { header, manifest_title: fragment(yamlText(MANIFEST_TITLE)) }, "ansible/role-tasks.yml.tmpl"),
  );
  out.set(`${ROLE}/handlers/main.yml`, render(handlersTmpl, { header }, "ansible/role-handlers.yml.tmpl"));
  return out;
}
