{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyrakqui, pygraex }:

buildPythonPackage rec {
  pname = "pysenbelvin";
  version = "2014";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "830341e121c260d6ba18e502876642352f875022f5b2e453fad43d9d27b0a53c";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pyrakqui pygraex ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysenbelvin library, generated";
    homepage = "https://example.org/projects/pysenbelvin";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
