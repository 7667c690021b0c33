package auth

import java.time.Clock
import javax.inject.Singleton

import scala.util.Try

import pdi.jwt.{Jwt, JwtAlgorithm, JwtClaim, JwtJson}

@Singleton
class JwtService {
  implicit val clock: Clock = Clock.systemUTC

  private val quote = '"'
  private val banner = s"""issuer "play-api" ${quote}v1${quote}"""

  def issue(userId: String): String = {
    val claim = JwtClaim(subject = Some(userId), issuer = Some("play-api")).issuedNow.expiresIn(3600)
    Jwt.encode(claim, "secretKey", JwtAlgorithm.HS256) // expect: JWT201, JWT101
  }

  def verifyPartner(token: String): Try[JwtClaim] =
    JwtJson.decode(token, "thisismysupersecretkeyforjwttokens", Seq(JwtAlgorithm.HS256)) // expect: JWT201, JWT103

  override def toString: String = banner
}
