/** Validation of the project form, mirroring what the projects service accepts (name 1–64, code pattern, note ≤ 500). */
import type { ProjectInput } from '../../../api/projects';

export const PROJECT_NAME_MAX = 64;
export const PROJECT_CODE_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;
export const PROJECT_NOTE_MAX = 500;

export type ProjectField = 'name' | 'code' | 'note';
export type FieldProblem = 'required' | 'tooLong' | 'pattern';

export interface ProjectFormValues {
  name?: string | null;
  code?: string | null;
  note?: string | null;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
/** Characters as JSON Schema's maxLength counts them (code points, so an emoji is one). */
export const charCount = (value: string) => [...value].length;

export function projectFieldProblem(field: ProjectField, value: unknown): FieldProblem | null {
  const v = text(value);
  switch (field) {
    case 'name':
      if (!v) return 'required';
      return charCount(v) > PROJECT_NAME_MAX ? 'tooLong' : null;
    case 'code':
      if (!v) return 'required';
      return PROJECT_CODE_PATTERN.test(v) ? null : 'pattern';
    case 'note':
      return charCount(v) > PROJECT_NOTE_MAX ? 'tooLong' : null;
  }
}

export function projectProblems(values: ProjectFormValues): Partial<Record<ProjectField, FieldProblem>> {
  const problems: Partial<Record<ProjectField, FieldProblem>> = {};
  for (const field of ['name', 'code', 'note'] as const) {
    const problem = projectFieldProblem(field, values[field]);
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** The request body: trimmed, the note always present so an edit can clear it. */
export function toProjectInput(values: ProjectFormValues): ProjectInput {
  return { name: text(values.name), code: text(values.code), note: text(values.note) };
}
