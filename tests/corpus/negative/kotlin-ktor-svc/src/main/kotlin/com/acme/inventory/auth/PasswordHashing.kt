package com.acme.inventory.auth

import java.security.MessageDigest
import java.security.SecureRandom
import java.util.Base64
import javax.crypto.SecretKeyFactory
import javax.crypto.spec.PBEKeySpec

/** Password hashing for local accounts. Unrelated to JWT. */
object PasswordHashing {
    private const val ALGORITHM = "PBKDF2WithHmacSHA256"
    private const val ITERATIONS = 210_000
    const val DEMO_PASSWORD = "hunter2hunter2"

    fun hash(password: CharArray, salt: ByteArray = newSalt()): String {
        val spec = PBEKeySpec(password, salt, ITERATIONS, 256)
        val hash = SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).encoded
        return Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(hash)
    }

    fun digest(value: String): ByteArray = MessageDigest.getInstance("SHA-256").digest(value.toByteArray())

    private fun newSalt(): ByteArray = ByteArray(16).also { SecureRandom().nextBytes(it) }
}
