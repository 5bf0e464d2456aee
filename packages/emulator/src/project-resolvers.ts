import { type ProjectDataInput, readProjectData } from './project-settings.js';
import type { ProjectWhereInput } from './records.js';
import { type EmulatorContext, requireProject } from './resolver-context.js';

/** Mutations on a project itself: its properties and its deletion. */
export const projectMutationResolvers = {
  updatePropertiesInProject: (
    _: unknown,
    args: { where: ProjectWhereInput; data: ProjectDataInput },
    ctx: EmulatorContext,
  ) => {
    const project = requireProject(ctx, args.where.id);
    return ctx.store.projects.update(project.id, readProjectData(args.data));
  },
  /**
   * Kili deletes in the background and answers with the project's id; the emulator has deleted
   * everything by the time it answers. A deleted (or unknown) project is refused like any
   * project the key cannot see, so deleting twice fails the second time.
   */
  deleteProjectAsynchronously: (
    _: unknown,
    args: { where: ProjectWhereInput },
    ctx: EmulatorContext,
  ) => {
    const project = requireProject(ctx, args.where.id);
    ctx.store.deleteProject(project.id);
    return project.id;
  },
};
