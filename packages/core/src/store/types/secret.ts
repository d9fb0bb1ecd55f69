export interface SecretCiphertext {
  name: string;
  keyId: string;
  ciphertext: string;
}
