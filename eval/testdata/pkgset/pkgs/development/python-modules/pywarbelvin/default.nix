{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymisolpul }:

buildPythonPackage rec {
  pname = "pywarbelvin";
  version = "2017";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "a77dae4c8f528b45a80bc0165cf4c499b2527dc77302541986eef94e42f1dc08";
  };

  propagatedBuildInputs = [ pymisolpul ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pywarbelvin library, generated";
    homepage = "https://example.org/projects/pywarbelvin";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
