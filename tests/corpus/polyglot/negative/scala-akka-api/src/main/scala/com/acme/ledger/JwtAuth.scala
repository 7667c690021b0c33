package com.acme.ledger

import java.security.PublicKey
import java.time.Clock

import scala.util.Try

import com.typesafe.config.ConfigFactory
import pdi.jwt.{Jwt, JwtAlgorithm, JwtClaim, JwtJson}

/** Token handling. Every key comes from the environment or application.conf. */
object JwtAuth {
  implicit val clock: Clock = Clock.systemUTC

  private val config = ConfigFactory.load()

  private val secret: String = sys.env("JWT_SECRET")
  private val partnerSecret: String = config.getString("jwt.partner-secret")
  private val refreshSecret: String =
    sys.env.getOrElse("JWT_REFRESH_SECRET", throw new IllegalStateException("JWT_REFRESH_SECRET missing"))
  private val legacySecret: Option[String] = sys.env.get("LEGACY_JWT_SECRET")

  // From the jwt-scala docs: Jwt.encode("""{"user":1}""", "secretKey", JwtAlgorithm.HS256)
  def sign(userId: String): String =
    Jwt.encode(JwtClaim(subject = Some(userId)).issuedNow.expiresIn(3600), secret, JwtAlgorithm.HS256)

  def signRefresh(userId: String): String =
    Jwt.encode(JwtClaim(subject = Some(userId)).issuedNow.expiresIn(86400), refreshSecret, JwtAlgorithm.HS256)

  def verifyPartner(token: String): Try[JwtClaim] =
    JwtJson.decode(token, partnerSecret, Seq(JwtAlgorithm.HS256))

  def verifyLegacy(token: String): Option[JwtClaim] =
    legacySecret.flatMap(key => JwtJson.decode(token, key, Seq(JwtAlgorithm.HS256)).toOption)

  def verifyWith(key: String, token: String): Try[JwtClaim] =
    JwtJson.decode(token, key, Seq(JwtAlgorithm.HS256))

  def verifyIdp(token: String, publicKey: PublicKey): Try[JwtClaim] =
    JwtJson.decode(token, publicKey, Seq(JwtAlgorithm.RS256))
}
