// Relative, not '@domain': the message test loads this file under Node, outside Vite's alias.
import { PROBLEM_RULE_CODES, PROBLEM_RULES, type ProblemRule } from '../../../../libs/domain/problems/problem-rules';

/**
 * English for every rule a validation problem can name: the very sentences the server writes into
 * `message`, taken from the domain's table, so the two cannot drift apart.
 */
export const problemsEn = Object.fromEntries(
  PROBLEM_RULE_CODES.map((rule) => [rule, PROBLEM_RULES[rule].en]),
) as Record<ProblemRule, string>;
