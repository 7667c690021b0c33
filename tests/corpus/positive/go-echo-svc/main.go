package main

import (
	"net/http"

	"github.com/golang-jwt/jwt/v5"
	echojwt "github.com/labstack/echo-jwt/v4"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// This service only consumes tokens issued by the auth service.
func main() {
	e := echo.New()
	e.Use(middleware.Logger())
	e.Use(middleware.Recover())

	e.GET("/healthz", func(c echo.Context) error {
		return c.String(http.StatusOK, "ok")
	})

	api := e.Group("/api")
	api.Use(echojwt.WithConfig(echojwt.Config{
		SigningKey: []byte("secret"), // expect: JWT201, JWT101
	}))
	api.GET("/profile", profile)

	e.Logger.Fatal(e.Start(":1323"))
}

func profile(c echo.Context) error {
	user := c.Get("user").(*jwt.Token)
	claims := user.Claims.(jwt.MapClaims)
	name, _ := claims["name"].(string)
	return c.JSON(http.StatusOK, map[string]string{"name": name})
}
