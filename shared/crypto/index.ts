export { canonicalJson, utf8 } from './canonical';
export { base64urlDecode, base64urlEncode, hexDecode, hexEncode } from './encoding';
export { ballotsHash, ballotsInIdOrder, electionHash, sha256Hex } from './hash';
export { generateKeyPair, keyFingerprint, publicKeyFromSecret, signBytes, verifyBytes, type KeyPair } from './ed25519';
export {
  signElectionPackage,
  signObject,
  signResult,
  signedText,
  verifyElectionPackage,
  verifyObject,
  verifySignedResult,
  type SignResultArgs,
  type UnsignedElectionPackage,
  type VerifyResultOptions,
  type Without,
} from './signed';
