// Interoperability check of the C# ALTCHA verifier against the reference library (npm altcha-lib, protocol v1).
// Input (argv[2], JSON): { challenge: <challenge issued by the app>, hmacKey, maxNumber, expires (unix seconds) }.
// Output (stdout, JSON): the app's challenge solved by altcha-lib and whether altcha-lib verifies it, plus a
// challenge created and solved by altcha-lib under the same key, for the app to verify.
import { createChallenge, solveChallenge, verifySolution } from 'altcha-lib/v1';

const input = JSON.parse(process.argv[2]);

async function solve(challenge) {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  if (!solution) throw new Error('altcha-lib found no solution');
  const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number: solution.number, salt: challenge.salt, signature: challenge.signature, took: solution.took };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

const appChallenge = { ...input.challenge, maxnumber: input.challenge.maxNumber };
const appSolved = await solve(appChallenge);
const library = await createChallenge({ hmacKey: input.hmacKey, maxnumber: input.maxNumber, expires: new Date(input.expires * 1000) });
console.log(JSON.stringify({
  appSolved,
  libraryVerifiesApp: await verifySolution(appSolved, input.hmacKey),
  libraryChallenge: library.challenge,
  librarySolved: await solve(library),
}));
