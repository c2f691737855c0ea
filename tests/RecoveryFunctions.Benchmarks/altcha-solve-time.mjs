// Median browser-side solve time of ALTCHA v1 challenges with the reference solver (altcha-lib, one thread):
//   node tests/RecoveryFunctions.Benchmarks/altcha-solve-time.mjs [MaxNumber]
import { createChallenge, solveChallenge } from 'altcha-lib/v1';
const max = Number(process.argv[2] ?? 200000);
const times = [];
for (let i = 0; i < 15; i++) {
  const c = await createChallenge({ hmacKey: 'k', maxnumber: max });
  const t = performance.now();
  await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ max, medianMs: Math.round(times[7]), worstMs: Math.round(times[14]) }));
