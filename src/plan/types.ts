/**
 * The plan document (see docs/architecture.md, "The plan document"). It is data: every renderer
 * and the apply step read it, and a saved plan (`--out`) is exactly this object serialised with
 * stable key order. The types are derived from the plan's JSON Schema, defined once in
 * src/schema/plan-schema.ts.
 */
export { MANAGED_FIELDS, type ManagedField } from '../schema/asset-field-roles.js';
export {
  type AddChange,
  type AddImport,
  type BlockedReason,
  type Change,
  type ChangeAction,
  type DeleteChange,
  type FieldChange,
  type FieldChanges,
  type MetadataToWrite,
  type OwnerChange,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlannedFile,
  type PlannedFrames,
  type PlannedUploads,
  type PlanSummary,
  type PlanWarning,
  type ProjectPlan,
  type ProjectRead,
  type RenameChange,
  type UndeclaredAssets,
  type UpdateChange,
} from '../schema/plan-schema.js';
