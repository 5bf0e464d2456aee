import { assetMutationResolvers } from './asset-mutation-resolvers.js';
import { queryResolvers } from './query-resolvers.js';
import { JsonScalar, PageSizeScalar } from './scalars.js';
import { typeResolvers } from './type-resolvers.js';
import { workflowResolvers } from './workflow-resolvers.js';

export type { EmulatorContext } from './resolver-context.js';

/** Resolvers of the emulated API, by root and type. */
export function createResolvers() {
  return {
    PageSize: PageSizeScalar,
    JSON: JsonScalar,
    Query: queryResolvers,
    Mutation: { ...assetMutationResolvers, ...workflowResolvers },
    ...typeResolvers,
  };
}
