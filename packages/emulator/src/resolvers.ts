import { assetMutationResolvers } from './asset-mutation-resolvers.js';
import { memberMutationResolvers, memberQueryResolvers } from './member-resolvers.js';
import { projectMutationResolvers } from './project-resolvers.js';
import { queryResolvers } from './query-resolvers.js';
import { JsonScalar, PageSizeScalar } from './scalars.js';
import { typeResolvers } from './type-resolvers.js';
import { userMutationResolvers, userQueryResolvers } from './user-resolvers.js';
import { workflowResolvers } from './workflow-resolvers.js';

export type { EmulatorContext } from './resolver-context.js';

/** Resolvers of the emulated API, by root and type. */
export function createResolvers() {
  return {
    PageSize: PageSizeScalar,
    JSON: JsonScalar,
    Query: { ...queryResolvers, ...memberQueryResolvers, ...userQueryResolvers },
    Mutation: {
      ...assetMutationResolvers,
      ...workflowResolvers,
      ...projectMutationResolvers,
      ...memberMutationResolvers,
      ...userMutationResolvers,
    },
    ...typeResolvers,
  };
}
