// Render a component inside a Workspace context, as App does.
import { render, type SvelteComponentOptions } from "@testing-library/svelte";
import type { Component } from "svelte";
import type { Plan } from "../bindings/Plan";
import { WORKSPACE_KEY, Workspace } from "../lib/workspace.svelte";

export function renderInWorkspace<Props extends Record<string, unknown>>(
  component: Component<Props>,
  props: Props,
  setup: { plan?: Plan; timezones?: string[]; selected?: string } = {},
) {
  const workspace = new Workspace();
  if (setup.plan) workspace.apply(setup.plan, setup.selected);
  workspace.timezones = setup.timezones ?? ["UTC", "Europe/London", "Europe/Paris", "America/New_York"];
  workspace.loading = false;
  // The generic Props cannot be narrowed to the component's own; the cast only restates them.
  const options = { props, context: new Map([[WORKSPACE_KEY, workspace]]) } as SvelteComponentOptions<Component<Props>>;
  const result = render(component, options);
  return { ...result, workspace };
}
