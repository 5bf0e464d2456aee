import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKiliSyncError } from '../../src/errors.js';
import { loadDesiredState } from '../../src/manifest/index.js';
import { selectProjects } from '../../src/manifest/select-projects.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const TEXT = 'clq0textproj0000000000001';
const PDF = 'clq0pdfproj00000000000001';

const loadExamples = () => loadDesiredState(['examples/manifests'], { cwd: repoRoot });

describe('selectProjects (--project)', () => {
  it('keeps every project when none is named', async () => {
    const state = await loadExamples();
    expect(selectProjects(state, []).projects).toHaveLength(4);
    expect(selectProjects(state, undefined)).toBe(state);
  });

  it('keeps only the named projects, with all their assets', async () => {
    const state = await loadExamples();
    const selected = selectProjects(state, [PDF, TEXT, PDF]);
    expect(selected.projects.map((project) => project.projectId)).toEqual([PDF, TEXT]);
    const textAssets = state.projects.find((project) => project.projectId === TEXT)!.assets;
    expect(selected.projects[1]!.assets).toEqual(textAssets);
  });

  it('refuses a project that no manifest targets, naming the ones declared', async () => {
    const state = await loadExamples();
    let caught: unknown;
    try {
      selectProjects(state, [TEXT, 'clq0typo']);
    } catch (error) {
      caught = error;
    }
    if (!isKiliSyncError(caught)) throw new Error('expected a KiliSyncError');
    expect(caught.code).toBe('USAGE');
    expect(caught.message).toBe("--project 'clq0typo': no manifest targets this project");
    expect(caught.hint).toContain(TEXT);
    expect(caught.hint).toContain(PDF);
  });
});
