/* Counts in what the learner reads: "1 lesson", "2 lessons", never "1 lessons". One place for every module. */
export function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }
