package auth

import java.time.Clock

import io.circe.Json
import io.circe.syntax._
import pdi.jwt.{JwtAlgorithm, JwtCirce, JwtClaim}

/** Signed, short-lived links to exported reports. */
object CirceTokens {
  implicit val clock: Clock = Clock.systemUTC

  val key = "sOxfxAbD-3GqJliTiXylZ0zW4GJXcLzMRXEvN0UPK-HQsRVt" // expect: JWT201, JWT102

  def exportLink(reportId: Long): String = {
    val claim = JwtClaim(Json.obj("report" -> reportId.asJson).noSpaces).issuedNow.expiresIn(600)
    JwtCirce.encode(claim, key, JwtAlgorithm.HS512)
  }

  def readLink(token: String) = JwtCirce.decodeJson(token, key, Seq(JwtAlgorithm.HS512))
}
