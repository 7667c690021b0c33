const config = require("config");
const express = require("express");
const jwt = require("jsonwebtoken");

const app = express();
app.use(express.json());

app.post("/login", (req, res) => {
  const token = jwt.sign({ sub: req.body.user }, config.get("jwtSecret"), {
    expiresIn: config.get("jwtExpiresIn"),
  });
  res.json({ token });
});

app.listen(config.get("server.port"));
