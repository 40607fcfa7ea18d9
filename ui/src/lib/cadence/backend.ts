// The backend commands the cadence view and the guideline editors use. They go through
// `invoke` directly with the same command names and argument shapes as `lib/api.ts`, and
// reject with an AppError like every api call.
import { invoke } from "@tauri-apps/api/core";
import type { Bucket } from "../../bindings/Bucket";
import type { CadenceSummary } from "../../bindings/CadenceSummary";
import type { ClientInput } from "../../bindings/ClientInput";
import type { Finding } from "../../bindings/Finding";
import type { GuidelinePreset } from "../../bindings/GuidelinePreset";
import type { Saved } from "../../bindings/Saved";
import type { SegmentInput } from "../../bindings/SegmentInput";
import { toAppError } from "../api";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (reason) {
    throw toAppError(reason);
  }
}

export type SummaryArgs = { clientId: string; from: string; to: string; bucket: Bucket };

export const backend = {
  cadenceSummary: (args: SummaryArgs) => call<CadenceSummary>("cadence_summary", args),
  clientFindings: (clientId: string) => call<Finding[]>("client_findings", { clientId }),
  guidelinePresets: () => call<GuidelinePreset[]>("guideline_presets"),
  saveClient: (input: ClientInput) => call<Saved>("save_client", { input }),
  saveSegment: (clientId: string, input: SegmentInput) => call<Saved>("save_segment", { clientId, input }),
};
