import type {
  AddChange,
  FieldChanges,
  ManagedField,
  ProjectPlan,
  RenameChange,
  UpdateChange,
} from '../plan/types.js';
import { stringifyJsonExact } from '../util/json-number.js';
import {
  buildAppendBatch,
  buildDeleteBatch,
  buildImportBatch,
  buildUpdateBatch,
  splitIntoBatches,
} from './build-batch.js';
import {
  type ContentField,
  type ContentWrites,
  describeContentWrites,
  metadataToSend,
  type OwnershipRecord,
} from './content-writes.js';
import {
  type AppendItem,
  type AssetData,
  BATCH_SIZE,
  type CompiledPhase,
  type CompiledProject,
  type DeleteItem,
  type ImportUploadType,
  LOCAL_FRAMES_BATCH_SIZE,
  type UpdateItem,
} from './mutation-types.js';

/** A value by asset id (a Map will do). */
export type Lookup = Pick<ReadonlyMap<string, string>, 'get'>;

export interface CompileContext {
  /** Client-generated asset id of every add, by external ID. */
  newAssetIds: ReadonlyMap<string, string>;
  /** URL of every uploaded local file or raw text, by asset id. */
  uploadedContent: Lookup;
  /** URL of every uploaded rich text or frame index (`jsonContent`), by asset id. */
  uploadedJsonContent?: Lookup;
  /**
   * The `jsonMetadata` Kili holds now, by asset id, for every asset the plan updates or
   * renames: the reserved `kiliSync` records are derived from it and from what is sent.
   */
  currentMetadata?: Lookup;
  /** Largest request body a batch may make (default: MAX_REQUEST_BYTES). */
  maxRequestBytes?: number;
  /** The commit of the manifests (read by this run), recorded on the assets of owned projects. */
  commit?: string;
}

/** Fields `appendManyAssets` cannot carry: an added asset gets them in a follow-up update. */
const POST_APPEND_FIELDS = [
  'priority',
  'honeypotMark',
  'consensusMark',
  'isUsedForConsensus',
  'toBeLabeledBy',
] as const satisfies readonly ManagedField[];

/**
 * Turns one project's plan into the exact mutations that implement it, in execution order:
 * renames, updates, appends (`appendManyAssets`), asynchronous imports (by upload type),
 * post-append updates, deletes, each in batches of at most 100 (videos of local frames one per
 * append, as the SDK sends them) and of bodies within a size limit.
 * Pure: the caller supplies the generated asset ids and the URLs of uploaded files, and has
 * already left out whatever must not run (blocked changes without consent, failed uploads).
 */
export function compileProjectPlan(project: ProjectPlan, context: CompileContext): CompiledProject {
  const renames: UpdateItem[] = [];
  const updates: UpdateItem[] = [];
  const appends: AppendItem[] = [];
  /** Videos of local frames: appended one per call, as the SDK appends them. */
  const frameAppends: AppendItem[] = [];
  const imports = new Map<ImportUploadType, AppendItem[]>();
  const postAppend: UpdateItem[] = [];
  const deletes: DeleteItem[] = [];
  const ownership: OwnershipRecord | undefined =
    project.owner === undefined
      ? undefined
      : {
          owner: project.owner,
          ...(context.commit === undefined ? {} : { commit: context.commit }),
        };

  for (const change of project.changes) {
    switch (change.action) {
      case 'rename':
        renames.push(compileUpdate(change, context, ownership));
        break;
      case 'update':
        updates.push(compileUpdate(change, context, ownership));
        break;
      case 'add': {
        const append = compileAppend(change, context, ownership);
        const imported = change.import;
        if (imported !== undefined) {
          const group = imports.get(imported.uploadType) ?? [];
          group.push(append);
          imports.set(imported.uploadType, group);
        } else if (change.frames?.files !== undefined) {
          frameAppends.push(append);
        } else {
          appends.push(append);
        }
        // What an added asset still needs after its append; values a new asset already has are skipped.
        const data = collectScalarData(change.fields, true);
        if (imported !== undefined) Object.assign(data, collectUnimportedData(append));
        if (Object.keys(data).length > 0) {
          postAppend.push({ change, assetId: append.assetId, data });
        }
        break;
      }
      case 'delete':
        deletes.push({ change, assetId: change.assetId });
        break;
      default: {
        const unreachable: never = change;
        throw new Error(`unknown change ${JSON.stringify(unreachable)}`);
      }
    }
  }

  const split = <Item extends AppendItem | UpdateItem | DeleteItem>(
    items: Item[],
    size = BATCH_SIZE,
  ) => splitIntoBatches(items, size, context.maxRequestBytes);
  const { projectId } = project;
  const phases: CompiledPhase[] = [
    { name: 'rename', batches: split(renames).map(buildUpdateBatch) },
    { name: 'update', batches: split(updates).map(buildUpdateBatch) },
    {
      name: 'append',
      batches: [
        ...split(appends).map((items) => buildAppendBatch(projectId, items)),
        ...split(frameAppends, LOCAL_FRAMES_BATCH_SIZE).map((items) =>
          buildAppendBatch(projectId, items),
        ),
      ],
    },
    {
      name: 'import',
      batches: [...imports].flatMap(([uploadType, items]) =>
        split(items).map((batch) => buildImportBatch(projectId, uploadType, batch)),
      ),
    },
    { name: 'post-append', batches: split(postAppend).map(buildUpdateBatch) },
    { name: 'delete', batches: split(deletes).map(buildDeleteBatch) },
  ];
  return {
    projectId: project.projectId,
    phases: phases.filter((phase) => phase.batches.length > 0),
  };
}

function compileAppend(
  change: AddChange,
  context: CompileContext,
  ownership: OwnershipRecord | undefined,
): AppendItem {
  const assetId = context.newAssetIds.get(change.externalId);
  if (assetId === undefined) {
    throw new Error(`no asset id was generated for ${change.externalId}`);
  }
  const writes = contentWritesOf(change);
  const metadata = metadataToSend(change, writes, undefined, ownership) ?? {};
  return {
    change,
    assetId,
    row: {
      content: sendContent(writes, 'content', assetId, change.externalId, context) ?? '',
      externalID: change.externalId,
      id: assetId,
      isHoneypot: change.fields.isHoneypot?.after === true,
      jsonContent: sendContent(writes, 'jsonContent', assetId, change.externalId, context) ?? '',
      jsonMetadata: stringifyJsonExact(metadata),
    },
  };
}

function compileUpdate(
  change: UpdateChange | RenameChange,
  context: CompileContext,
  ownership: OwnershipRecord | undefined,
): UpdateItem {
  const data: AssetData = {};
  const { fields, assetId } = change;
  if (fields.externalId) data.externalId = String(fields.externalId.after);
  const writes = contentWritesOf(change);
  const content = sendContent(writes, 'content', assetId, change.externalId, context);
  if (content !== undefined) data.content = content;
  const jsonContent = sendContent(writes, 'jsonContent', assetId, change.externalId, context);
  if (jsonContent !== undefined) data.jsonContent = jsonContent;
  const current = context.currentMetadata?.get(assetId);
  const writesMetadata =
    change.metadataToWrite !== undefined ||
    fields.jsonMetadata !== undefined ||
    ownership !== undefined ||
    writes.content !== undefined ||
    writes.jsonContent !== undefined;
  if (current === undefined && writesMetadata) {
    throw new Error(`the current metadata of ${change.externalId} was not read`);
  }
  const metadata = metadataToSend(change, writes, current, ownership);
  if (metadata !== undefined) data.jsonMetadata = stringifyJsonExact(metadata);
  if (fields.isHoneypot) data.isHoneypot = fields.isHoneypot.after === true;
  Object.assign(data, collectScalarData(fields, false));
  return { change, assetId, data };
}

/** The content writes of a change that passed the plan's checks (see content-writes.ts). */
function contentWritesOf(change: AddChange | UpdateChange | RenameChange): ContentWrites {
  const { writes, problems } = describeContentWrites(change);
  if (problems.length > 0) throw new Error(`${change.externalId} ${problems.join('; ')}`);
  return writes;
}

/** The value a content field is sent with: its upload's URL, or the value itself. */
function sendContent(
  writes: ContentWrites,
  field: ContentField,
  assetId: string,
  externalId: string,
  context: CompileContext,
): string | undefined {
  const source = writes[field];
  if (source === undefined) return undefined;
  if (source.kind === 'value') return source.value;
  const uploaded = field === 'content' ? context.uploadedContent : context.uploadedJsonContent;
  const url = uploaded?.get(assetId);
  if (url === undefined) throw new Error(`the ${field} of ${externalId} was not uploaded`);
  return url;
}

/**
 * What an asynchronous import does not carry (the SDK sends neither): `isHoneypot` when set,
 * and a `jsonContent` that is not frames.
 */
function collectUnimportedData(append: AppendItem): AssetData {
  const data: AssetData = {};
  if (append.row.isHoneypot) data.isHoneypot = true;
  if (append.row.jsonContent !== '') data.jsonContent = append.row.jsonContent;
  return data;
}

function collectScalarData(fields: FieldChanges, skipNewAssetDefaults: boolean): AssetData {
  const data: AssetData = {};
  for (const name of POST_APPEND_FIELDS) {
    const field = fields[name];
    if (!field) continue;
    const after = field.after;
    switch (name) {
      case 'priority':
        if (skipNewAssetDefaults && (after === 0 || after === null)) break;
        data.priority = Number(after ?? 0);
        break;
      case 'honeypotMark':
      case 'consensusMark':
        if (skipNewAssetDefaults && after === null) break;
        data[name] = after === null || after === undefined ? null : Number(after);
        break;
      case 'isUsedForConsensus':
        data.isUsedForConsensus = after === true;
        break;
      case 'toBeLabeledBy': {
        const emails = Array.isArray(after) ? after.map(String) : [];
        if (skipNewAssetDefaults && emails.length === 0) break;
        data.toBeLabeledBy = emails;
        // Kili only clears the assignment when asked to explicitly.
        if (emails.length === 0) data.shouldResetToBeLabeledBy = true;
        break;
      }
    }
  }
  return data;
}
