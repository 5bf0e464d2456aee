/**
 * More operation documents in the shape the official SDK (26.1.5) sends them: its licence
 * pre-check, project defaults, notifications and workflow mutations (kili-api.md §2).
 */
export const SDK_OPS = {
  organizations:
    'query organizations($where: OrganizationWhere!, $first: PageSize!, $skip: Int!) { data: organizations(where: $where, first: $first, skip: $skip) { id name license { uploadLocalData } } }',
  countOrganizations:
    'query countOrganizations($where: OrganizationWhere!) { data: countOrganizations(where: $where) }',
  projectDefaults:
    'query projects($where: ProjectWhere!, $first: PageSize!, $skip: Int!) { data: projects(where: $where, first: $first, skip: $skip) { consensusTotCoverage id inputType jsonInterface minConsensusSize reviewCoverage roles { id role user { email id } } title dataConnections { id } } }',
  assetsV2:
    'query assets($where: AssetWhere!, $first: PageSize!, $skip: Int!) { data: assets(where: $where, skip: $skip, first: $first) { id externalId inferenceMark currentStep { name status } status skipped isUsedForConsensus updatedAt toBeLabeledBy { role user { id email } } } }',
  notifications:
    'query notifications($where: NotificationWhere!, $first: PageSize!, $skip: Int!) { data: notifications(where: $where, first: $first, skip: $skip) { createdAt hasBeenSeen id message status userID } }',
  countNotifications:
    'query countNotifications($where: NotificationWhere!) { data: countNotifications(where: $where) }',
  appendFrames:
    'mutation($data: AppendManyFramesToDatasetAsynchronouslyData!, $where: ProjectWhere!) { data: appendManyFramesToDatasetAsynchronously(data: $data, where: $where) { id } }',
  assign:
    'mutation assignAssetsToLabelers($where: AssetWhere!, $userIds: [String!]!) { data: assignAssetsToLabelers(where: $where, userIds: $userIds) { id } }',
  setConsensus:
    'mutation setAssetConsensus($assetId: ID, $externalId: String, $projectId: ID!, $isConsensus: Boolean!) { data: setAssetConsensus(assetId: $assetId, externalId: $externalId, projectId: $projectId, isConsensus: $isConsensus) }',
  addToReview:
    'mutation($where: AssetWhere!) { data: addAllLabeledAssetsToReview(where: $where) { id } }',
  sendBackToQueue:
    'mutation($where: AssetWhere!) { data: sendBackAssetsToQueue(where: $where) { id } }',
  skip: 'mutation SkipAsset($reason: String!, $where: AssetWhere!) { skipAsset(reason: $reason, where: $where) { id } }',
  unskip:
    'mutation UnskipAsset($projectId: ID!, $assetId: ID!) { unskipAsset(projectId: $projectId, assetId: $assetId) }',
} as const;

/** An asset as `SDK_OPS.assetsV2` reads it. */
export interface WorkflowAsset {
  id: string;
  externalId: string;
  inferenceMark: number | null;
  currentStep: { name: string; status: string } | null;
  status: string;
  skipped: boolean;
  isUsedForConsensus: boolean;
  updatedAt: string;
  toBeLabeledBy: { role: string; user: { id: string; email: string } }[];
}
