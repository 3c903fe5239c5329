{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pywarbelvin, pylomi, pymitor }:

buildPythonPackage rec {
  pname = "pyvinmi";
  version = "3.6.7";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "2e28b1de2d459685ae31d23a5b0d5cd032fb39c8cf30e6ff71b0527d696dc35a";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pywarbelvin pylomi pymitor ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyvinmi library, generated";
    homepage = "https://example.org/projects/pyvinmi";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
