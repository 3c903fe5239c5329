{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyvinvinze }:

buildPythonPackage rec {
  pname = "pysenraktem";
  version = "7.3.30";
  format = "wheel";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-mIgfA+qMjbhlNiKEeVZUj02usV6VEyBzp8BSKKxgM+E=";
  };

  propagatedBuildInputs = [ pyvinvinze ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysenraktem library, generated";
    homepage = "https://example.org/projects/pysenraktem";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
