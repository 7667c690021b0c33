package auth

import java.time.Clock

import pdi.jwt.{Jwt, JwtAlgorithm, JwtClaim}

object EnvKeys {
  implicit val clock: Clock = Clock.systemUTC

  private val secret: String = sys.env.getOrElse("JWT_SECRET", "SwG25vUjvSM66sm33nKkoOBGHLlgUiuK-QD4lZGhwVCvPO2U5V9qvq7veQ3UonRU") // expect: JWT201
  private val port: Int = sys.env.getOrElse("PORT", "9000").toInt

  def sign(userId: String): String =
    Jwt.encode(JwtClaim(subject = Some(userId)).issuedNow.expiresIn(900), secret, JwtAlgorithm.HS256)

  def check(token: String): Boolean = Jwt.isValid(token, secret, Seq(JwtAlgorithm.HS256))

  def listenPort: Int = port
}
